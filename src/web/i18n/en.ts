import { commerceEn } from './commerce.en.js';

export const en = {
  app: { name: 'Clientela', clients: 'Clients', settings: 'Settings', logout: 'Log out', language: 'Language' },
  login: { title: 'Log in to Clientela', login: 'Login', password: 'Password', submit: 'Log in', failed: 'Wrong login or password' },
  setup: {
    title: 'Set up your firm', intro: 'Create the first administrator. You will add employees afterwards.',
    name: 'Your name', login: 'Login', password: 'Password (at least 8 characters)', submit: 'Create administrator',
    badToken: 'This setup link is not valid. Use the link printed when the server started.',
  },
  journal: {
    search: 'Search by name, phone, email or INN', add: 'New client', count: '{{count}} clients', countMore: 'more than {{count}} clients',
    empty: 'No clients yet. Add the first one with "New client".', noMatch: 'Nothing found. Check the spelling or search by phone digits.',
    createdAt: 'Created', columns: 'Columns', filters: 'Filters', views: 'Views', defaultView: 'Default view', saveView: 'Save this view…',
    viewName: 'View name', shareView: 'Share with everyone', shared: 'shared', deleteView: 'Delete view',
    filterField: 'Field', filterOp: 'Condition', filterValue: 'Value', addFilter: 'Add a condition', removeFilter: 'Remove condition', clearFilters: 'Clear all',
    ops: { eq: 'is', ne: 'is not', contains: 'contains', gt: 'more than', lt: 'less than', in: 'is one of', empty: 'is empty', notEmpty: 'is filled' },
    name: 'Name', phone: 'Phone', email: 'Email', status: 'Status', manager: 'Manager', loading: 'Loading…',
  },
  client: {
    person: 'Person', organization: 'Organization', kind: 'Type', surname: 'Surname', firstName: 'First name', patronymic: 'Patronymic',
    birthDate: 'Birth date', position: 'Position', legalName: 'Legal name', inn: 'INN', ogrn: 'OGRN', kpp: 'KPP',
    legalAddress: 'Legal address', actualAddress: 'Actual address', industry: 'Industry', region: 'Region',
    status: 'Status', source: 'Source', importance: 'Importance', notes: 'Notes', tags: 'Tags', manager: 'Responsible manager',
    channels: 'Phones, emails, links', addPhone: 'Add phone', addEmail: 'Add email', phone: 'Phone', email: 'Email',
    contactName: 'Name', addContact: 'Add contact person', removeContact: 'Remove contact person', contacts: 'Contact persons', custom: 'More fields',
    save: 'Save', cancel: 'Cancel', edit: 'Edit', archive: 'Archive', restore: 'Restore', archived: 'Archived',
    created: 'Client created', saved: 'Saved', conflict: 'Someone else changed this client. Reload to see their changes.',
    history: 'History', noHistory: 'No changes yet.', newTitle: 'New client', back: 'Back to clients',
    duplicates: 'Possible duplicates', duplicateHidden: 'a client of {{manager}} (not visible to you)', matchedOn: 'same {{fields}}',
    notFound: 'This client does not exist or is not visible to you.',
  },
  settings: {
    users: 'Users', departments: 'Departments', fields: 'Client fields', roles: 'Roles and rights',
    name: 'Name', login: 'Login', password: 'Password', role: 'Role', department: 'Department', active: 'Active', addUser: 'Add user',
    newDepartment: 'New department', add: 'Add', noDepartments: 'No departments yet.',
    label: 'Label', type: 'Type', hidden: 'Hidden', order: 'Order', up: 'Move up', down: 'Move down', options: 'Options (comma-separated)', addField: 'Add field',
    scope: 'Sees', scopes: { own: 'own clients', department: 'department clients', all: 'all clients' },
    actions: { read: 'read', create: 'create', edit: 'edit', delete: 'delete', export: 'export' },
    sections: { clients: 'Clients', users: 'Users', roles: 'Roles', departments: 'Departments', customFields: 'Client fields', audit: 'Audit' },
    types: { text: 'Text', number: 'Number', money: 'Money', date: 'Date', boolean: 'Yes / no', choice: 'Choice', multichoice: 'Multiple choice', link: 'Link' },
  },
  account: { title: 'My account', changePassword: 'Change password', current: 'Current password', next: 'New password', changed: 'Password changed. Log in again.' },
  demo: { offer: 'Want to look around first?', load: 'Load a demo base', loaded: 'Demo base loaded' },
  history: { 'client.created': 'created', 'client.updated': 'changed', 'client.archived': 'archived', 'client.restored': 'restored' },
  errors: { generic: 'Something went wrong. Try again.', forbidden: 'Your role does not allow this.' },
  ...commerceEn,
};
export type Messages = typeof en;

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
    name: 'Name', phone: 'Phone', email: 'Email', status: 'Status', manager: 'Manager', loading: 'Loading…',
  },
  client: {
    person: 'Person', organization: 'Organization', kind: 'Type', surname: 'Surname', firstName: 'First name', patronymic: 'Patronymic',
    birthDate: 'Birth date', position: 'Position', legalName: 'Legal name', inn: 'INN', ogrn: 'OGRN', kpp: 'KPP',
    legalAddress: 'Legal address', actualAddress: 'Actual address', industry: 'Industry', region: 'Region',
    status: 'Status', source: 'Source', importance: 'Importance', notes: 'Notes', tags: 'Tags', manager: 'Responsible manager',
    channels: 'Phones, emails, links', addPhone: 'Add phone', addEmail: 'Add email', phone: 'Phone', email: 'Email',
    contacts: 'Contact persons', custom: 'More fields',
    save: 'Save', cancel: 'Cancel', edit: 'Edit', archive: 'Archive', restore: 'Restore', archived: 'Archived',
    created: 'Client created', saved: 'Saved', conflict: 'Someone else changed this client. Reload to see their changes.',
    history: 'History', noHistory: 'No changes yet.', newTitle: 'New client', back: 'Back to clients',
    duplicates: 'Possible duplicates', duplicateHidden: 'a client of {{manager}} (not visible to you)', matchedOn: 'same {{fields}}',
    notFound: 'This client does not exist or is not visible to you.',
  },
  errors: { generic: 'Something went wrong. Try again.', forbidden: 'Your role does not allow this.' },
};
export type Messages = typeof en;

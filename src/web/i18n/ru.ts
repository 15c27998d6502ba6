import { commerceRu } from './commerce.ru.js';
import type { Messages } from './en.js';

export const ru: Messages = {
  app: { name: 'Clientela', clients: 'Клиенты', settings: 'Настройки', logout: 'Выйти', language: 'Язык' },
  login: { title: 'Вход в Clientela', login: 'Логин', password: 'Пароль', submit: 'Войти', failed: 'Неверный логин или пароль' },
  setup: {
    title: 'Настройка фирмы', intro: 'Создайте первого администратора. Сотрудников добавите потом.',
    name: 'Ваше имя', login: 'Логин', password: 'Пароль (не короче 8 символов)', submit: 'Создать администратора',
    badToken: 'Ссылка для настройки недействительна. Используйте ссылку, которую сервер вывел при запуске.',
  },
  journal: {
    search: 'Поиск по имени, телефону, email или ИНН', add: 'Новый клиент', count: 'Клиентов: {{count}}', countMore: 'Клиентов: больше {{count}}',
    empty: 'Клиентов пока нет. Добавьте первого кнопкой «Новый клиент».', noMatch: 'Ничего не найдено. Проверьте написание или ищите по цифрам телефона.',
    createdAt: 'Создан', columns: 'Колонки', filters: 'Фильтры', views: 'Виды', defaultView: 'Вид по умолчанию', saveView: 'Сохранить вид…',
    viewName: 'Название вида', shareView: 'Показывать всем', shared: 'общий', deleteView: 'Удалить вид',
    filterField: 'Поле', filterOp: 'Условие', filterValue: 'Значение', addFilter: 'Добавить условие', removeFilter: 'Убрать условие', clearFilters: 'Сбросить',
    ops: { eq: 'равно', ne: 'не равно', contains: 'содержит', gt: 'больше', lt: 'меньше', in: 'одно из', empty: 'пусто', notEmpty: 'заполнено' },
    name: 'Имя', phone: 'Телефон', email: 'Email', status: 'Статус', manager: 'Менеджер', loading: 'Загрузка…',
  },
  client: {
    person: 'Физлицо', organization: 'Организация', kind: 'Тип', surname: 'Фамилия', firstName: 'Имя', patronymic: 'Отчество',
    birthDate: 'Дата рождения', position: 'Должность', legalName: 'Наименование', inn: 'ИНН', ogrn: 'ОГРН', kpp: 'КПП',
    legalAddress: 'Юридический адрес', actualAddress: 'Фактический адрес', industry: 'Отрасль', region: 'Регион',
    status: 'Статус', source: 'Источник', importance: 'Важность', notes: 'Заметки', tags: 'Метки', manager: 'Ответственный менеджер',
    channels: 'Телефоны, email, ссылки', addPhone: 'Добавить телефон', addEmail: 'Добавить email', phone: 'Телефон', email: 'Email',
    contactName: 'ФИО', addContact: 'Добавить контактное лицо', removeContact: 'Убрать контактное лицо', contacts: 'Контактные лица', custom: 'Дополнительные поля',
    save: 'Сохранить', cancel: 'Отмена', edit: 'Изменить', archive: 'В архив', restore: 'Восстановить', archived: 'В архиве',
    created: 'Клиент создан', saved: 'Сохранено', conflict: 'Клиента изменил кто-то другой. Обновите, чтобы увидеть изменения.',
    history: 'История', noHistory: 'Изменений пока нет.', newTitle: 'Новый клиент', back: 'К списку клиентов',
    duplicates: 'Возможные дубли', duplicateHidden: 'клиент менеджера {{manager}} (вам не виден)', matchedOn: 'совпадает: {{fields}}',
    notFound: 'Такого клиента нет или он вам не виден.',
  },
  settings: {
    users: 'Пользователи', departments: 'Подразделения', fields: 'Поля клиентов', roles: 'Роли и права',
    name: 'Имя', login: 'Логин', password: 'Пароль', role: 'Роль', department: 'Подразделение', active: 'Активен', addUser: 'Добавить пользователя',
    newDepartment: 'Новое подразделение', add: 'Добавить', noDepartments: 'Подразделений пока нет.',
    label: 'Название', type: 'Тип', hidden: 'Скрыто', order: 'Порядок', up: 'Выше', down: 'Ниже', options: 'Варианты (через запятую)', addField: 'Добавить поле',
    scope: 'Видит', scopes: { own: 'своих клиентов', department: 'клиентов подразделения', all: 'всех клиентов' },
    actions: { read: 'чтение', create: 'создание', edit: 'изменение', delete: 'удаление', export: 'выгрузка' },
    sections: { clients: 'Клиенты', users: 'Пользователи', roles: 'Роли', departments: 'Подразделения', customFields: 'Поля клиентов', audit: 'Журнал аудита' },
    types: { text: 'Текст', number: 'Число', money: 'Деньги', date: 'Дата', boolean: 'Да / нет', choice: 'Выбор', multichoice: 'Множественный выбор', link: 'Ссылка' },
  },
  account: { title: 'Мой профиль', changePassword: 'Сменить пароль', current: 'Текущий пароль', next: 'Новый пароль', changed: 'Пароль изменён. Войдите снова.' },
  demo: { offer: 'Хотите сначала осмотреться?', load: 'Загрузить демо-базу', loaded: 'Демо-база загружена' },
  history: { 'client.created': 'создан', 'client.updated': 'изменён', 'client.archived': 'в архиве', 'client.restored': 'восстановлен' },
  errors: { generic: 'Что-то пошло не так. Попробуйте ещё раз.', forbidden: 'Ваша роль этого не позволяет.' },
  ...commerceRu,
};

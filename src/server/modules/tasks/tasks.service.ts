// Tasks (issue 15, B2; docs/interactions.md).
export { insertTask, type TaskValues } from './tasks.repository.js';

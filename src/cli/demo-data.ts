// Moved: the generator lives with the demo module.
export * from '../server/modules/demo/demo-data.js';

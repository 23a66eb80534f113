export * from './commands';
export * from './replies';

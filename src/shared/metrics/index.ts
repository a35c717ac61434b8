export * from './catalog'
export * from './summary'

/** Program version stored with every result (kept equal to package.json by a test). */
export const PROGRAM_VERSION = '0.1.0'

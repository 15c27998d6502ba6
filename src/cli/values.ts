// The parsed options of one command (util.parseArgs' values), apart from main.ts so that the command
// modules main.ts loads can name the type without importing main.ts back (scripts/check-layers.ts: no cycles).
export type Values = Record<string, string | boolean | string[] | undefined>;

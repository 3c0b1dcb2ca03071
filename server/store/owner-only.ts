// What the server writes in the data directory (code, results, logs, the admin token) is the
// owner's alone, like settings.json: modes given when each file and folder is made.

/** rw------- */
export const OWNER_FILE = 0o600;
/** rwx------ */
export const OWNER_DIR = 0o700;

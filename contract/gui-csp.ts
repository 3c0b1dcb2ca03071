// The GUI's Content Security Policy, defined once: the server sends it with the GUI (browser
// mode), the desktop app's scheme sends it with the GUI's files, and the build writes it into
// index.html's meta tag. The GUI loads only its own files and talks only to its own origin.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy as a response header. */
export const GUI_CSP = DIRECTIVES.join('; ');

/** The same for the meta tag, which cannot hold frame-ancestors (browsers ignore it there). */
export const GUI_CSP_META = DIRECTIVES.filter(
  (directive) => !directive.startsWith('frame-ancestors'),
).join('; ');

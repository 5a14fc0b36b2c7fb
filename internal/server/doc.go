// Package server is the development server behind atlas serve: it builds the site,
// serves it at the root of a local address, watches the site folder, rebuilds on every
// change and tells the browser to reload.
//
// # Serving
//
// The site is built with the base URL http://<address>/, so that every internal link
// starts with "/" whatever site.toml's baseURL says, and each build is published into a
// private temporary folder served through [os.Root]: a request can read no file outside
// it. A path with a "." or ".." element, or an empty one, whether written plainly or
// encoded (%2e%2e, %2f), is answered 404 before the file system is asked, and the root
// refuses the symbolic links that would lead out. A folder is served as its index.html,
// a folder named without its final slash is redirected to it, and an unknown path gets
// the site's 404.html with status 404. Nothing is cached by the browser. A request
// whose Host header is neither an IP address nor localhost (or a name under
// .localhost) gets 403: a page of another site whose name is made to resolve to
// 127.0.0.1 (DNS rebinding) cannot read the preview.
//
// Each build reads the site through a new sitefs.FS, as atlas build does: a symbolic
// link, a named pipe or a device in the site is a problem on the error page, never
// read and never waited on, and a content/ folder deleted while serving is a
// problem, not an empty site. The watcher walks the folders without following
// symbolic links.
//
// # Reloading
//
// Every HTML response gets a small script just before </body> that listens to
// /_atlas/reload, a stream of Server-Sent Events. Each publication, good or bad, sends
// a new version; the page reloads itself when the version differs from the one it was
// served with, which also covers a restart of the server. The script is added while
// serving and never written to the folder: what atlas build writes never holds it.
//
// # Errors
//
// When a build fails, every diagnostic is printed to the log as path:line:col: message
// and every HTML request gets an error page, with status 500, that lists them all; the
// CSS and other files of the last good build are still served. The server keeps running
// and the next good build brings the site back.
//
// # Rebuilding
//
// The watcher follows site.toml, content/, layouts/ and static/, including folders
// created after the start, and ignores the rest of the site folder (the output folder,
// .git), hidden files and editor temporary files. A burst of events, such as an editor's
// save, is batched into one rebuild once the folder has been quiet for 10ms; a failed
// build that started before the last event is dropped, since the next one is
// already due.
//
// Each event names the file or folder that changed; a rebuild hands those names to a
// build.Session, which reads and parses again only those files and renders again only
// the pages that the changes can have changed (see build.Session), an overflow of
// events renders everything. Publication is incremental too: a file whose rendered
// bytes did not change since the previous publication is neither minified nor written
// again, a page the session did not render stays, and files that are gone are
// removed, so the served folder always equals a fresh, minified build of the same
// sources: TestIncremental checks it after each of a random sequence of edits. Each
// file goes to disk as soon as it is rendered (build.Session.BuildTo), under a
// temporary name beside its own, and the whole build is renamed into place only once
// it succeeded: the server never holds the site's files in memory, and a failed build
// leaves the served folder as it was.
//
// The server writes only into its own temporary folder, which it removes when it stops.
package server

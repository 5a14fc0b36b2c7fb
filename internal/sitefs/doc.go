// Package sitefs is the one way atlas reads a site folder: every loader (site.toml,
// content/ of every kind, layouts/, static/), check, build, serve and its watcher go
// through an FS of this package, so that a new kind of content is covered without a
// line of its own.
//
// An FS reads only plain files and folders that lie inside the site folder:
//
//   - a symbolic link anywhere on a path, whether it points inside the site or out
//     of it, is refused with its target named, so that `ln -s /etc/shadow
//     static/shadow.txt` or a symlinked layouts/ folder never reaches the output;
//   - a device, a named pipe (FIFO) or a socket is refused too, and files are opened
//     without blocking (O_NONBLOCK on Unix), so a FIFO swapped in between the check
//     and the open cannot hang a build;
//   - a file over a size limit is refused instead of read: 4 MiB for text sources
//     (site.toml, content/, layouts/) and 64 MiB for a file of static/, which
//     site.toml's [limits] table raises (see Limits);
//   - the folder is opened with [os.Root], so no path, however written, resolves
//     outside it.
//
// A refused entry met while listing a folder is left out of the listing and recorded;
// a refused file opened by name is an error of type *Error. Diagnostics returns both as
// path:1:1: message diagnostics, which build reports with every other problem: a
// loader that skips a file by its name (a .txt among the initiatives) still has the
// symbolic link it met reported.
package sitefs

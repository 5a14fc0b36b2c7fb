//go:build linux

package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders a and b in one system call: at every moment each name
// is one whole tree, the old or the new.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		// A kernel before 3.15 or a filesystem without the flag.
		return errNoExchange
	}
	return err
}

//go:build !unix

package sitefs

import "errors"

// mkfifo fails: there are no named pipes in folders here.
func mkfifo(name string) error { return errors.New("no named pipes") }

//go:build !linux && !darwin

package publish

// exchange is not one system call here: replace falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

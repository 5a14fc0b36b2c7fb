// Package parallel runs the iterations of a loop on every core.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0) … f(n-1), spread over GOMAXPROCS goroutines, and returns when every
// call has returned. Calls run in no particular order: f writes its result at index i
// so that the outcome does not depend on scheduling.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

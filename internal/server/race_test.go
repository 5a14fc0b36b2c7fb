//go:build race

package server

// raceEnabled shortens the property test under the race detector, which makes each
// build several times slower.
const raceEnabled = true

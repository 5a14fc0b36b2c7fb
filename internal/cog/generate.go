package cog

// The source directory comes from the environment so that npm never runs
// inside the repository; see the package comment for the two commands.
//go:generate go run ./gen -src ${COG_SRC} -version 6.0.0

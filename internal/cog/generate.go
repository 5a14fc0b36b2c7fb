package cog

// The source directories come from the environment so that npm never runs
// inside the repository; see the package comment for the commands.
//go:generate go run ./gen -src ${COG_SRC} -cities ${CITIES_SRC} -cities1000 ${CITIES1000_SRC} -version 6.0.0

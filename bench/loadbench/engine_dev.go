package main

import "github.com/sfconnect/sfconnect/sources"

// TEMPORARY until sources/postgres lands.
func pgEngine() sources.Engine { return nil }

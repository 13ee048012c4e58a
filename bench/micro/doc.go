// Package micro holds micro-benchmarks that cross package boundaries (the server's handler
// over a model of Salesforce's maximum size), which no single package can host without
// importing what it must not. Run: go test -bench . -benchmem ./bench/micro
package micro

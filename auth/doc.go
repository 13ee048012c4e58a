// Package auth decides who a request comes from and what it may see. An sfconnect endpoint is
// reachable from Salesforce's cloud, so it sits on the internet: this package authenticates
// callers (HTTP Basic with bcrypt/argon2id, OIDC bearer tokens, API keys, TLS client
// certificates, or explicitly allowed anonymous access), authorizes them per entity set,
// turns per-principal row-filter templates into OData $filter predicates, and bounds each
// principal's request rate and concurrency.
//
// It works at the net/http level (an *http.Request in, a Principal or an *odata.Error out), so
// the server package stays the only one that knows echo.
package auth

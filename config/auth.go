package config

// Auth configures authentication, authorization, row filters and rate limits (security issue).
type Auth struct{}

// Package config is the sfconnect configuration: the YAML file format (strict: an unknown key is
// an error naming the key and its line), `${ENV_VAR}` substitution for secrets, defaults, and the
// precedence rule flag > environment variable > file.
//
// It is a leaf like schema: it imports nothing of ours, so every layer can read its settings.
package config

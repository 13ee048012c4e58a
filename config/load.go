package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Overrides are the settings that may come from flags or environment variables.
type Overrides struct {
	DB, Listen, PublicURL, ServicePath, Secret string
}

// EnvPrefix prefixes every environment variable sfconnect reads.
const EnvPrefix = "SFCONNECT_"

// Load builds the effective configuration: defaults, then the file (when path is not empty),
// then environment variables, then flags. getenv is os.Getenv in production.
func Load(path string, flags Overrides, getenv func(string) string) (Config, error) {
	cfg := Defaults()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("reading config: %w", err)
		}
		if err := Parse(data, getenv, &cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	env := Overrides{DB: getenv(EnvPrefix + "DB"), Listen: getenv(EnvPrefix + "LISTEN"),
		PublicURL: getenv(EnvPrefix + "PUBLIC_URL"), ServicePath: getenv(EnvPrefix + "SERVICE_PATH"), Secret: getenv(EnvPrefix + "SECRET")}
	for _, o := range []Overrides{env, flags} {
		apply(&o.DB, &cfg.Database.URL)
		apply(&o.Listen, &cfg.Listen)
		apply(&o.PublicURL, &cfg.PublicURL)
		apply(&o.ServicePath, &cfg.ServicePath)
		apply(&o.Secret, &cfg.Secret)
	}
	return cfg, cfg.Validate()
}

func apply(from, to *string) {
	if *from != "" {
		*to = *from
	}
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Parse decodes YAML into cfg strictly: unknown keys are errors that name the key and line.
// `${VAR}` references are replaced by the environment variable's value before decoding; a
// reference to an unset variable is an error (a silently empty secret is worse).
func Parse(data []byte, getenv func(string) string, cfg *Config) error {
	var missing []string
	data = envRef.ReplaceAllFunc(data, func(m []byte) []byte {
		name := string(m[2 : len(m)-1])
		v := getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return []byte(v)
	})
	if len(missing) > 0 {
		return fmt.Errorf("environment variables not set: %s", strings.Join(missing, ", "))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("parsing YAML: %s", cleanYAMLError(err))
	}
	return nil
}

var notFound = regexp.MustCompile(`line (\d+): field (\S+) not found in type config\.(\w+)`)

// cleanYAMLError rewrites yaml.v3's "field x not found in type config.Paging" into a message
// that speaks the file's language.
func cleanYAMLError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: unmarshal errors:\n  ")
	return notFound.ReplaceAllStringFunc(msg, func(s string) string {
		m := notFound.FindStringSubmatch(s)
		line, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("line %d: unknown key %q (in %s)", line, m[2], sectionName(m[3]))
	})
}

func sectionName(goType string) string {
	switch goType {
	case "Config":
		return "top level"
	case "Entity":
		return "entities[]"
	}
	return strings.ToLower(goType)
}

package server

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/sfconnect/sfconnect/schema"
)

// documents holds the rendered $metadata: the model is immutable while serving, so both forms
// are rendered once at start and served from memory with a strong ETag.
type documents struct {
	xml, json         []byte
	xmlETag, jsonETag string
}

func newDocuments(m *schema.Model, renderXML, renderJSON func(*schema.Model) []byte) *documents {
	d := &documents{xml: renderXML(m), json: renderJSON(m)}
	d.xmlETag, d.jsonETag = etagOf(d.xml), etagOf(d.json)
	return d
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

package metadata

import (
	"net/url"

	"github.com/sfconnect/sfconnect/schema"
)

// ServiceDocument renders the JSON service document that lists every entity set. contextURL is
// the absolute or relative URL of $metadata; set URLs are relative to the service root.
func ServiceDocument(m *schema.Model, contextURL string) []byte {
	b := make([]byte, 0, 64+len(contextURL)+64*len(m.EntitySets))
	b = append(b, `{"@odata.context":`...)
	b = appendJSONString(b, contextURL)
	b = append(b, `,"value":[`...)
	for i, es := range m.EntitySets {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, es.Name)
		b = append(b, `,"kind":"EntitySet","url":`...)
		b = appendJSONString(b, url.PathEscape(es.Name))
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

package metadata

import "github.com/sfconnect/sfconnect/schema"

// Defaults used when the model leaves the namespace or container name empty.
const (
	DefaultNamespace = "sfconnect"
	DefaultContainer = "Container"
)

// The Core vocabulary, referenced by namespace only: aliases are avoided throughout so every
// client resolves terms the same way.
const (
	coreNamespace   = "Org.OData.Core.V1"
	coreXMLURI      = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml"
	coreJSONURI     = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.json"
	termDescription = coreNamespace + ".Description"
	termComputed    = coreNamespace + ".Computed"
)

// Options changes what is rendered beyond the defaults Salesforce is known to accept.
type Options struct {
	// Computed annotates read-only properties with Org.OData.Core.V1.Computed, which typed
	// clients (SAP Cloud SDK, code generators) use to leave them out of creates and updates.
	Computed bool
}

// names returns the namespace and the container name to render. The container shares the
// schema's name space with the entity types, so a set that happens to be called like the
// container would make the document invalid; the container yields, because no URL names it.
func names(m *schema.Model) (namespace, container string) {
	namespace = m.Namespace
	if namespace == "" {
		namespace = DefaultNamespace
	}
	container = m.ContainerName
	if container == "" {
		container = DefaultContainer
	}
	taken := make(map[string]bool, len(m.EntitySets))
	for _, es := range m.EntitySets {
		taken[es.Name] = true
	}
	return namespace, schema.Unique(container, taken)
}

// needsCore reports whether any Core term is used, so the vocabulary reference is only
// rendered when something depends on it.
func needsCore(m *schema.Model, o Options) bool {
	for _, es := range m.EntitySets {
		if es.Description != "" {
			return true
		}
		for _, p := range es.Properties {
			if p.Description != "" || (o.Computed && p.ReadOnly) {
				return true
			}
		}
	}
	return false
}

// facets are the type facets one property carries; the renderers differ only in spelling.
type facets struct {
	maxLength     int // > 0 a length, 0 unbounded; only meaningful with hasMaxLength
	hasMaxLength  bool
	precision     int // only meaningful with hasPrecision
	hasPrecision  bool
	scale         int // only meaningful with hasScale
	hasScale      bool
	variableScale bool
}

// maxTimePrecision is the largest fractional-seconds precision CSDL allows.
const maxTimePrecision = 12

func facetsOf(p *schema.Property) facets {
	var f facets
	switch p.Type {
	case schema.EdmString:
		f.hasMaxLength = true
		f.maxLength = max(p.MaxLength, 0)
	case schema.EdmBinary:
		f.hasMaxLength = p.MaxLength > 0
		f.maxLength = p.MaxLength
	case schema.EdmDecimal:
		if p.Precision <= 0 {
			f.variableScale = true
			break
		}
		// CSDL requires 0 <= Scale <= Precision; databases that allow otherwise (negative
		// or oversized scales) are clamped so the document stays valid.
		f.hasPrecision, f.precision = true, p.Precision
		f.hasScale, f.scale = true, min(max(p.Scale, 0), p.Precision)
	case schema.EdmDateTimeOffset, schema.EdmTimeOfDay:
		if p.Precision > 0 {
			f.hasPrecision, f.precision = true, min(p.Precision, maxTimePrecision)
		}
	}
	return f
}

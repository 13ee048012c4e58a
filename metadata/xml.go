package metadata

import (
	"strconv"

	"github.com/sfconnect/sfconnect/schema"
)

// XML renders $metadata as a CSDL XML document (edmx:Edmx Version="4.0") with default Options.
func XML(m *schema.Model) []byte { return XMLWith(m, Options{}) }

// XMLWith renders $metadata as CSDL XML with the given options.
func XMLWith(m *schema.Model, o Options) []byte {
	ns, container := names(m)
	b := make([]byte, 0, estimateSize(m))
	b = append(b, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+
		`<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">`+"\n"...)
	if needsCore(m, o) {
		b = append(b, `  <edmx:Reference Uri="`+coreXMLURI+`">`+"\n"+
			`    <edmx:Include Namespace="`+coreNamespace+`"/>`+"\n"+
			"  </edmx:Reference>\n"...)
	}
	b = append(b, "  <edmx:DataServices>\n"+
		`    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="`...)
	b = appendXMLAttr(b, ns)
	b = append(b, "\">\n"...)
	for _, es := range m.EntitySets {
		b = appendXMLEntityType(b, es, o)
	}
	b = appendXMLContainer(b, m, ns, container)
	return append(b, "    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n"...)
}

// appendXMLContainer writes the entity container. CSDL (and its XSD) requires at least one
// child, so a model without sets gets no container at all: still a valid document, where an
// empty container would not be. Serving such a model is the caller's decision.
func appendXMLContainer(b []byte, m *schema.Model, ns, container string) []byte {
	if len(m.EntitySets) == 0 {
		return b
	}
	b = append(b, `      <EntityContainer Name="`...)
	b = appendXMLAttr(b, container)
	b = append(b, "\">\n"...)
	for _, es := range m.EntitySets {
		b = append(b, `        <EntitySet Name="`...)
		b = appendXMLAttr(b, es.Name)
		b = append(b, `" EntityType="`...)
		b = appendXMLAttr(b, ns)
		b = append(b, '.')
		b = appendXMLAttr(b, es.Name)
		b = append(b, "\"/>\n"...)
	}
	return append(b, "      </EntityContainer>\n"...)
}

// estimateSize guesses the rendered size so the buffer is allocated about once.
func estimateSize(m *schema.Model) int {
	n := 1024
	for _, es := range m.EntitySets {
		n += 256 + 3*len(es.Description) + 112*len(es.Properties)
	}
	return n
}

func appendXMLEntityType(b []byte, es *schema.EntitySet, o Options) []byte {
	b = append(b, `      <EntityType Name="`...)
	b = appendXMLAttr(b, es.Name)
	b = append(b, "\">\n"...)
	// The XSD allows annotations before the key; keeping the description first reads naturally.
	if es.Description != "" {
		b = appendXMLStringAnnotation(b, "        ", termDescription, es.Description)
	}
	b = append(b, "        <Key>\n"...)
	for _, k := range es.Key {
		b = append(b, `          <PropertyRef Name="`...)
		b = appendXMLAttr(b, k.Name)
		b = append(b, "\"/>\n"...)
	}
	b = append(b, "        </Key>\n"...)
	for _, p := range es.Properties {
		b = appendXMLProperty(b, p, o)
	}
	return append(b, "      </EntityType>\n"...)
}

func appendXMLProperty(b []byte, p *schema.Property, o Options) []byte {
	b = append(b, `        <Property Name="`...)
	b = appendXMLAttr(b, p.Name)
	b = append(b, `" Type="`...)
	b = append(b, p.Type.String()...)
	b = append(b, '"')
	if !p.Nullable {
		b = append(b, ` Nullable="false"`...)
	}
	f := facetsOf(p)
	if f.hasMaxLength {
		b = append(b, ` MaxLength="`...)
		if f.maxLength > 0 {
			b = strconv.AppendInt(b, int64(f.maxLength), 10)
		} else {
			b = append(b, "max"...)
		}
		b = append(b, '"')
	}
	if f.hasPrecision {
		b = append(b, ` Precision="`...)
		b = strconv.AppendInt(b, int64(f.precision), 10)
		b = append(b, '"')
	}
	if f.hasScale {
		b = append(b, ` Scale="`...)
		b = strconv.AppendInt(b, int64(f.scale), 10)
		b = append(b, '"')
	} else if f.variableScale {
		b = append(b, ` Scale="variable"`...)
	}
	computed := o.Computed && p.ReadOnly
	if p.Description == "" && !computed {
		return append(b, "/>\n"...)
	}
	b = append(b, ">\n"...)
	if p.Description != "" {
		b = appendXMLStringAnnotation(b, "          ", termDescription, p.Description)
	}
	if computed {
		b = append(b, `          <Annotation Term="`+termComputed+`" Bool="true"/>`+"\n"...)
	}
	return append(b, "        </Property>\n"...)
}

func appendXMLStringAnnotation(b []byte, indent, term, value string) []byte {
	b = append(b, indent...)
	b = append(b, `<Annotation Term="`...)
	b = append(b, term...)
	b = append(b, `" String="`...)
	b = appendXMLAttr(b, value)
	return append(b, "\"/>\n"...)
}

package metadata

import (
	"strconv"

	"github.com/sfconnect/sfconnect/schema"
)

// JSON renders $metadata as a CSDL JSON document ("$Version": "4.0") with default Options.
func JSON(m *schema.Model) []byte { return JSONWith(m, Options{}) }

// JSONWith renders $metadata as CSDL JSON with the given options. Objects are indented one
// member per line, but each property is kept on one line so a large model stays scannable.
func JSONWith(m *schema.Model, o Options) []byte {
	ns, container := names(m)
	b := make([]byte, 0, estimateSize(m))
	b = append(b, "{\n  \"$Version\": \"4.0\""...)
	// Without entity sets there is no container (see appendXMLContainer), so nothing to name.
	if len(m.EntitySets) > 0 {
		b = append(b, ",\n  \"$EntityContainer\": "...)
		b = appendJSONString(b, ns+"."+container)
	}
	if needsCore(m, o) {
		b = append(b, ",\n"+`  "$Reference": {`+"\n"+
			`    "`+coreJSONURI+`": {`+"\n"+
			`      "$Include": [{"$Namespace": "`+coreNamespace+`"}]`+"\n"+
			"    }\n  }"...)
	}
	b = append(b, ",\n  "...)
	b = appendJSONString(b, ns)
	b = append(b, ": {"...)
	for i, es := range m.EntitySets {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONEntityType(b, es, o)
	}
	if len(m.EntitySets) > 0 {
		b = append(b, ',')
		b = appendJSONContainer(b, m, ns, container)
	}
	return append(b, "\n  }\n}\n"...)
}

func appendJSONContainer(b []byte, m *schema.Model, ns, container string) []byte {
	b = append(b, "\n    "...)
	b = appendJSONString(b, container)
	b = append(b, ": {\n      \"$Kind\": \"EntityContainer\""...)
	for _, es := range m.EntitySets {
		b = append(b, ",\n      "...)
		b = appendJSONString(b, es.Name)
		b = append(b, `: {"$Collection": true, "$Type": `...)
		b = appendJSONString(b, ns+"."+es.Name)
		b = append(b, '}')
	}
	return append(b, "\n    }"...)
}

func appendJSONEntityType(b []byte, es *schema.EntitySet, o Options) []byte {
	b = append(b, "\n    "...)
	b = appendJSONString(b, es.Name)
	b = append(b, ": {\n      \"$Kind\": \"EntityType\",\n      \"$Key\": ["...)
	for i, k := range es.Key {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, k.Name)
	}
	b = append(b, ']')
	if es.Description != "" {
		b = append(b, ",\n      \"@"+termDescription+"\": "...)
		b = appendJSONString(b, es.Description)
	}
	for _, p := range es.Properties {
		b = append(b, ",\n      "...)
		b = appendJSONProperty(b, p, o)
	}
	return append(b, "\n    }"...)
}

// appendJSONProperty writes one property. CSDL JSON defaults differ from XML: $Type defaults
// to Edm.String and $Nullable to false, so both are written only when they differ.
func appendJSONProperty(b []byte, p *schema.Property, o Options) []byte {
	b = appendJSONString(b, p.Name)
	b = append(b, ": {"...)
	sep := ""
	member := func(name string) {
		b = append(b, sep...)
		b = append(b, name...)
		b = append(b, ": "...)
		sep = ", "
	}
	if p.Type != schema.EdmString {
		member(`"$Type"`)
		b = append(b, '"')
		b = append(b, p.Type.String()...)
		b = append(b, '"')
	}
	if p.Nullable {
		member(`"$Nullable"`)
		b = append(b, "true"...)
	}
	// An unbounded length has no JSON spelling ("max" is XML-4.0 only): absence means unbounded.
	if f := facetsOf(p); f.hasMaxLength && f.maxLength > 0 {
		member(`"$MaxLength"`)
		b = strconv.AppendInt(b, int64(f.maxLength), 10)
	} else if f.hasPrecision {
		member(`"$Precision"`)
		b = strconv.AppendInt(b, int64(f.precision), 10)
		if f.hasScale {
			member(`"$Scale"`)
			b = strconv.AppendInt(b, int64(f.scale), 10)
		}
	} else if f.variableScale {
		member(`"$Scale"`)
		b = append(b, `"variable"`...)
	}
	if p.Description != "" {
		member(`"@` + termDescription + `"`)
		b = appendJSONString(b, p.Description)
	}
	if o.Computed && p.ReadOnly {
		member(`"@` + termComputed + `"`)
		b = append(b, "true"...)
	}
	return append(b, '}')
}

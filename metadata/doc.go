// Package metadata renders what a client needs to discover the service: the CSDL document
// ($metadata, as XML and as JSON) and the JSON service document.
//
// It exists apart from odata and server so the description of the service is a pure function of
// the schema model: Salesforce Connect's "Validate and Sync" builds external objects from this
// output alone, so it must be deterministic, fast enough to re-render on every model change, and
// conservative — flat entity types, full namespace-qualified type references (no schema alias,
// which one client generator cannot resolve), and only annotations that validate against the
// OASIS schemas.
//
// Facet choices, all valid CSDL 4.0:
//   - Edm.String always carries MaxLength, because Salesforce turns a string without it into
//     Text(128) and truncates longer values. An unknown length is rendered as MaxLength="max"
//     (allowed in 4.0 documents, and this document declares Version 4.0) rather than a made-up
//     number; CSDL JSON has no "max", so there the facet is omitted, which means unbounded.
//   - Edm.Binary carries MaxLength only when it is known.
//   - Edm.Decimal carries Precision and Scale when the precision is known. When it is not (an
//     unconstrained NUMERIC) it carries Scale="variable": omitting Scale would declare scale 0,
//     and clients would round every value to an integer.
//   - Edm.DateTimeOffset and Edm.TimeOfDay carry Precision when the fractional-seconds precision
//     is known.
//
// Descriptions become Org.OData.Core.V1.Description annotations on the entity type (one type per
// set, and the type is what code generators document) and on properties, with an edmx:Reference
// to the Core vocabulary, included by namespace without an alias, only when at least one exists.
// Read-only properties can be marked Org.OData.Core.V1.Computed through Options. It validates
// against the OASIS XSD and JSON schema, but it is off by default: Salesforce's advice is to
// avoid annotations nobody has tested against it, and it learns which fields are writable from
// its own external object settings, not from this document.
package metadata

package server

import (
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/odata"
)

// mediaRange is one entry of an Accept header.
type mediaRange struct {
	typ    string // "application/json", "*/*", ...
	params map[string]string
}

func parseAccept(h string) []mediaRange {
	if r, ok := plainMediaRange(h); ok {
		return []mediaRange{r}
	}
	var out []mediaRange
	for part := range strings.SplitSeq(h, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		typ, params, err := mime.ParseMediaType(part)
		if err != nil {
			continue
		}
		if q, ok := params["q"]; ok && (q == "0" || strings.HasPrefix(q, "0.0") && strings.Trim(q, "0.") == "") {
			continue
		}
		out = append(out, mediaRange{typ: typ, params: lowerKeys(params)})
	}
	return out
}

// plainMediaRange reads the Accept values most clients send, Salesforce's among them, without
// mime.ParseMediaType's parameter map; anything else takes the general path.
func plainMediaRange(h string) (mediaRange, bool) {
	switch t := strings.ToLower(strings.TrimSpace(h)); t {
	case "application/json", "*/*", "application/*":
		return mediaRange{typ: t}, true
	}
	return mediaRange{}, false
}

func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// jsonFormat negotiates the JSON format of a data response from $format or Accept: any
// odata.metadata value, IEEE754Compatible, application/json, application/*, */* or no Accept.
func jsonFormat(c echo.Context, formatOpt string) (odata.JSONOptions, error) {
	ranges, err := formatRanges(c, formatOpt)
	if err != nil {
		return odata.JSONOptions{}, err
	}
	if len(ranges) == 0 {
		return odata.JSONOptions{}, nil
	}
	for _, r := range ranges {
		if r.typ == "application/json" || r.typ == "application/*" || r.typ == "*/*" {
			return odata.JSONOptions{
				IEEE754Compatible: strings.EqualFold(r.params["ieee754compatible"], "true"),
				NoMetadata:        strings.EqualFold(r.params["odata.metadata"], "none"),
			}, nil
		}
	}
	return odata.JSONOptions{}, odata.Errorf(http.StatusNotAcceptable, "NotAcceptable", "this resource is available as application/json only")
}

// formatRanges returns the requested media ranges: $format wins over Accept.
func formatRanges(c echo.Context, formatOpt string) ([]mediaRange, error) {
	if formatOpt == "" {
		return parseAccept(headerValue(c.Request().Header, hdrAccept)), nil
	}
	switch strings.ToLower(formatOpt) {
	case "json":
		return []mediaRange{{typ: "application/json"}}, nil
	case "xml":
		return []mediaRange{{typ: "application/xml"}}, nil
	}
	r := parseAccept(formatOpt)
	if len(r) == 0 {
		return nil, odata.BadRequest("BadFormat", "$format %q is not a media type", truncate(formatOpt, 40)).WithTarget("$format")
	}
	return r, nil
}

// metadataWantsJSON decides between CSDL XML (the default) and CSDL JSON: JSON only when the
// first acceptable range asks for JSON specifically.
func metadataWantsJSON(c echo.Context, formatOpt string) (bool, error) {
	ranges, err := formatRanges(c, formatOpt)
	if err != nil {
		return false, err
	}
	for _, r := range ranges {
		switch r.typ {
		case "application/json":
			return true, nil
		case "application/xml", "text/xml", "application/*", "*/*":
			return false, nil
		}
	}
	if len(ranges) == 0 {
		return false, nil
	}
	return false, odata.Errorf(http.StatusNotAcceptable, "NotAcceptable", "$metadata is available as application/xml or application/json")
}

// contentTypeJSON is the response media type matching the negotiated options.
func contentTypeJSON(o odata.JSONOptions) string { return contentTypeJSONValue(o)[0] }

// contentTypeJSONValue is contentTypeJSON as a shared header value (see fixedValue).
func contentTypeJSONValue(o odata.JSONOptions) []string {
	i := 0
	if o.NoMetadata {
		i = 1
	}
	if o.IEEE754Compatible {
		i += 2
	}
	return jsonContentTypes[i]
}

var jsonContentTypes = [4][]string{
	fixedValue("application/json;odata.metadata=minimal"),
	fixedValue("application/json;odata.metadata=none"),
	fixedValue("application/json;odata.metadata=minimal;IEEE754Compatible=true"),
	fixedValue("application/json;odata.metadata=none;IEEE754Compatible=true"),
}

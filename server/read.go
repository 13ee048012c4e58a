package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/metadata"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// maxPageBytes keeps each page below Salesforce's 8 MB response limit: a page that would grow
// past it ends early with a nextLink instead of failing.
const maxPageBytes = 7 << 20

var errStopRows = errors.New("stop reading rows")

func (s *Server) get(c echo.Context) error {
	p, err := s.path(c)
	if err != nil {
		return err
	}
	opts, err := odata.SplitOptions(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	switch p.Kind {
	case odata.PathServiceDocument:
		return s.serviceDocument(c, opts)
	case odata.PathMetadata:
		return s.metadata(c, opts)
	}
	guard, err := s.rowFilter(c, p.Set, auth.Read)
	if err != nil {
		return err
	}
	switch p.Kind {
	case odata.PathCount:
		return s.count(c, p, opts, guard)
	case odata.PathEntity:
		return s.entity(c, p, opts, guard)
	}
	return s.collection(c, p, opts, guard)
}

// path parses the request path below the service root.
func (s *Server) path(c echo.Context) (*odata.Path, error) {
	escaped := c.Request().URL.EscapedPath()
	rest := strings.TrimPrefix(escaped, strings.TrimSuffix(s.cfg.ServicePath, "/"))
	return odata.ParsePath(s.model, rest)
}

func (s *Server) serviceDocument(c echo.Context, opts *odata.Options) error {
	f, err := jsonFormat(c, opts.Format)
	if err != nil {
		return err
	}
	body := metadata.ServiceDocument(s.model, s.serviceRoot(c)+"/$metadata")
	return c.Blob(http.StatusOK, contentTypeJSON(f), body)
}

func (s *Server) metadata(c echo.Context, opts *odata.Options) error {
	wantJSON, err := metadataWantsJSON(c, opts.Format)
	if err != nil {
		return err
	}
	body, etag, ct := s.docs.xml, s.docs.xmlETag, "application/xml"
	if wantJSON {
		body, etag, ct = s.docs.json, s.docs.jsonETag, "application/json"
	}
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, ct, body)
}

// count answers /Set/$count; guard (the caller's row filter) is ANDed into the filter, as in
// every read.
func (s *Server) count(c echo.Context, p *odata.Path, opts *odata.Options, guard odata.Expr) error {
	q, err := odata.ParseQuery(p.Set, opts, s.limits)
	if err != nil {
		return err
	}
	r := &odata.Read{Set: p.Set, Filter: odata.And(q.Filter, guard), Search: q.Search}
	n, err := s.store.Count(c.Request().Context(), r)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", strconv.AppendInt(nil, n, 10))
}

func (s *Server) entity(c echo.Context, p *odata.Path, opts *odata.Options, guard odata.Expr) error {
	for _, name := range []string{"$filter", "$orderby", "$top", "$skip", "$search", "$count", "$skiptoken"} {
		if opts.Has(name) {
			return odata.BadRequest("BadQueryOption", "%s is not allowed when reading a single entity", name).WithTarget(name)
		}
	}
	f, err := jsonFormat(c, opts.Format)
	if err != nil {
		return err
	}
	q, err := odata.ParseQuery(p.Set, opts, s.limits)
	if err != nil {
		return err
	}
	body, etag, err := s.readEntity(c, p.Set, p.Key, q.Select, f, guard)
	if err != nil {
		return err
	}
	if body == nil {
		return odata.NotFound("no %s with this key", p.Set.Name)
	}
	if etag != "" {
		c.Response().Header().Set("ETag", etag)
	}
	return c.Blob(http.StatusOK, contentTypeJSON(f), body)
}

// readEntity reads one entity by key and renders it; a nil body means no such row (also when
// the row exists outside the caller's row filter guard: the same 404, nothing to tell apart).
func (s *Server) readEntity(c echo.Context, set *schema.EntitySet, key []odata.Value, sel []*schema.Property, f odata.JSONOptions, guard odata.Expr) (body []byte, etag string, err error) {
	q := &odata.Query{Select: sel, Filter: odata.And(odata.KeyFilter(set, key), guard), Top: 1}
	page := odata.PlanPage(set, q, 1, nil)
	var vals []odata.Value
	err = s.store.Rows(c.Request().Context(), page.Read, func(row []odata.Value) error {
		vals = page.Entity(vals, row)
		etag = page.ETag(row)
		body = s.entityBody(c, set, sel, vals, etag, f)
		return nil
	})
	return body, etag, err
}

func (s *Server) entityBody(c echo.Context, set *schema.EntitySet, sel []*schema.Property, vals []odata.Value, etag string, f odata.JSONOptions) []byte {
	props := sel
	if props == nil {
		props = set.Properties
	}
	obj := odata.EntityJSON(nil, props, vals, etag, f)
	if f.NoMetadata {
		return obj
	}
	b := []byte(`{"@odata.context":`)
	b = odata.AppendString(b, s.contextURL(c, set.Name, sel)+"/$entity")
	if len(obj) > 2 {
		b = append(b, ',')
	}
	return append(b, obj[1:]...)
}

package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// collection answers GET /Set: count first (when asked), then the page streamed row by row, then
// a nextLink when more rows remain. guard, the caller's row filter, is ANDed into the read the
// count and the rows share, so every page (and every nextLink followed) stays inside it.
func (s *Server) collection(c echo.Context, p *odata.Path, opts *odata.Options, guard odata.Expr) error {
	f, err := jsonFormat(c, opts.Format)
	if err != nil {
		return err
	}
	q, err := odata.ParseQuery(p.Set, opts, s.limits)
	if err != nil {
		return err
	}
	page := odata.PlanPage(p.Set, q, s.pageSize(c), nil)
	page.Read.Filter = odata.And(page.Read.Filter, guard)
	fp := "" // built when a token is read or written
	if q.SkipToken != "" {
		fp = fingerprint(p.Set, opts)
		if page.Read.After, err = s.tokens.Decode(fp, q.SkipToken, page.Read.OrderBy); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	count := int64(-1)
	if q.Count {
		if count, err = s.store.Count(ctx, page.Read); err != nil {
			return err
		}
	}
	st := &pageStream{s: s, c: c, page: page, f: f, count: count, contextURL: s.contextURL(c, p.Set.Name, q.Select),
		last: make([]odata.Value, len(page.OrderAt))}
	if page.Size > 0 {
		err = s.store.Rows(ctx, page.Read, st.row)
		if err != nil && err != errStopRows {
			return st.fail(err)
		}
	}
	next := ""
	if st.more {
		if fp == "" {
			fp = fingerprint(p.Set, opts)
		}
		next = s.nextLink(c, p.Set, opts, q, st.delivered, s.tokens.Encode(fp, st.last))
	}
	st.start()
	return st.cw.End(next)
}

// pageStream writes rows as they arrive. Headers go out with the first row, so an error before
// it is still a clean OData error response.
type pageStream struct {
	s          *Server
	c          echo.Context
	page       *odata.Page
	f          odata.JSONOptions
	count      int64
	contextURL string
	cw         *odata.CollectionWriter
	entity     []odata.Value
	last       []odata.Value
	delivered  int
	more       bool
}

func (st *pageStream) start() {
	if st.cw != nil {
		return
	}
	resp := st.c.Response()
	resp.Header()[hdrContentType] = contentTypeJSONValue(st.f)
	resp.WriteHeader(http.StatusOK)
	st.cw = odata.NewCollectionWriter(resp, st.f)
	st.cw.Start(st.contextURL, st.count)
}

func (st *pageStream) row(row []odata.Value) error {
	if st.delivered == st.page.Size || (st.cw != nil && st.cw.Size() >= maxPageBytes) {
		st.more = true
		return errStopRows
	}
	st.start()
	st.entity = st.page.Entity(st.entity, row)
	st.cw.Entity(st.page.Props, st.entity, st.page.ETag(row))
	for i, at := range st.page.OrderAt {
		st.last[i] = row[at]
	}
	st.delivered++
	return nil
}

// fail handles a read error: before the first row it is an ordinary error response; after it,
// the only honest signal left is to abort the connection so the client sees a broken response
// rather than a complete-looking truncated page.
func (st *pageStream) fail(err error) error {
	if st.cw == nil {
		return err
	}
	logger(st.c).Error("read failed mid-stream; aborting response", "err", err)
	panic(http.ErrAbortHandler)
}

// pageSize is the configured page size, lowered by Prefer: odata.maxpagesize (answered with
// Preference-Applied), never above max_page_size.
func (s *Server) pageSize(c echo.Context) int {
	size := s.cfg.Paging.PageSize
	if n, ok := preferMaxPageSize(c.Request().Header[hdrPrefer]); ok {
		size = min(n, s.cfg.Paging.MaxPageSize)
		c.Response().Header().Add("Preference-Applied", "odata.maxpagesize="+strconv.Itoa(size))
	}
	return size
}

func preferMaxPageSize(prefer []string) (int, bool) {
	for _, h := range prefer {
		for _, pref := range strings.Split(h, ",") {
			name, val, ok := strings.Cut(strings.TrimSpace(pref), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "odata.maxpagesize") && !strings.EqualFold(strings.TrimSpace(name), "maxpagesize") {
				continue
			}
			n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
			if err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

// fingerprint binds a skiptoken to the query it continues: the same set, filter, search and
// order. $select and $top may differ harmlessly.
func fingerprint(set *schema.EntitySet, o *odata.Options) string {
	return strings.Join([]string{set.Name, o.Filter, o.Search, o.OrderBy}, "\x00")
}

// nextLink is absolute and keeps every option Salesforce needs, with what is left of $top.
func (s *Server) nextLink(c echo.Context, set *schema.EntitySet, o *odata.Options, q *odata.Query, delivered int, token string) string {
	var b strings.Builder
	b.WriteString(s.serviceRoot(c))
	b.WriteByte('/')
	b.WriteString(url.PathEscape(set.Name))
	sep := byte('?')
	add := func(name, val string) {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(escapeQueryValue(val))
	}
	for _, opt := range []struct{ name, val string }{{"$select", o.Select}, {"$filter", o.Filter},
		{"$orderby", o.OrderBy}, {"$search", o.Search}, {"$count", o.Count}, {"$format", o.Format}} {
		if o.Has(opt.name) {
			add(opt.name, opt.val)
		}
	}
	if q.Top >= 0 {
		add("$top", strconv.Itoa(q.Top-delivered))
	}
	add("$skiptoken", token)
	return b.String()
}

// escapeQueryValue percent-encodes a query value, spaces as %20 (not "+", which some OData
// clients read literally).
func escapeQueryValue(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "+", "%20")
}

// serviceRoot is the absolute service root URL: public_url when configured, else the request's
// own scheme and host.
func (s *Server) serviceRoot(c echo.Context) string {
	if s.urls.root != "" {
		return s.urls.root
	}
	scheme, host := requestOrigin(c.Request(), s.cfg.TrustProxy)
	return scheme + "://" + host + servicePath(s.cfg)
}

// servicePath is service_path without a trailing "/" ("" for the host's root).
func servicePath(cfg config.Config) string {
	if cfg.ServicePath == "/" {
		return ""
	}
	return cfg.ServicePath
}

// fixedURLs are the URLs that do not depend on the request when public_url is configured
// (the deployment Salesforce needs), built once instead of on every response.
type fixedURLs struct {
	root    string            // service root; "" when it comes from each request
	context map[string]string // entity set name -> context URL of its full entities
}

func newFixedURLs(cfg config.Config, model *schema.Model) fixedURLs {
	base := strings.TrimSuffix(cfg.PublicURL, "/")
	if base == "" {
		return fixedURLs{}
	}
	u := fixedURLs{root: base + servicePath(cfg), context: map[string]string{}}
	for _, es := range model.EntitySets {
		u.context[es.Name] = u.root + "/$metadata#" + es.Name
	}
	return u
}

// contextURL is "<root>/$metadata#Set" or "...#Set(A,B)" for a projection.
func (s *Server) contextURL(c echo.Context, set string, sel []*schema.Property) string {
	if sel == nil {
		if u, ok := s.urls.context[set]; ok {
			return u
		}
	}
	var b strings.Builder
	root := s.serviceRoot(c)
	b.Grow(len(root) + len("/$metadata#") + len(set) + 16*len(sel))
	b.WriteString(root)
	b.WriteString("/$metadata#")
	b.WriteString(set)
	if sel != nil {
		b.WriteByte('(')
		for i, p := range sel {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(p.Name)
		}
		b.WriteByte(')')
	}
	return b.String()
}

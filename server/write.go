package server

import (
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// tunnelMethod applies X-HTTP-Method on POST (Salesforce tunnels PATCH, MERGE, PUT and DELETE
// that way) before routing.
func tunnelMethod(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodPost {
			if m := strings.ToUpper(strings.TrimSpace(req.Header.Get("X-HTTP-Method"))); m != "" {
				switch m {
				case http.MethodPatch, "MERGE", http.MethodPut, http.MethodDelete:
					req.Method = m
				default:
					return odata.BadRequest("BadMethod", "X-HTTP-Method %q is not supported", truncate(m, 20))
				}
			}
		}
		return next(c)
	}
}

// write handles POST /Set (create), PATCH/MERGE/PUT /Set(key) (update) and DELETE /Set(key).
func (s *Server) write(c echo.Context) error {
	p, err := s.path(c)
	if err != nil {
		return err
	}
	method := c.Request().Method
	notAllowed := odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not allowed on this resource", method)
	if p.Set == nil || p.Kind == odata.PathCount {
		return notAllowed
	}
	if !p.Set.Writable {
		c.Response().Header().Set("Allow", "GET, HEAD")
		return odata.Errorf(http.StatusMethodNotAllowed, "ReadOnly", "entity set %s is read-only", p.Set.Name)
	}
	guard, err := s.rowFilter(c, p.Set, auth.Write)
	if err != nil {
		return err
	}
	switch {
	case p.Kind == odata.PathCollection && method == http.MethodPost:
		return s.create(c, p, guard)
	case p.Kind == odata.PathEntity && (method == http.MethodPatch || method == "MERGE" || method == http.MethodPut):
		return s.update(c, p, method == http.MethodPut, guard)
	case p.Kind == odata.PathEntity && method == http.MethodDelete:
		return s.remove(c, p, guard)
	}
	return notAllowed
}

// create, update and remove pass the caller's row filter as the write guard: the store answers
// 404 for a row outside it and 403 when a create or update would leave it.
func (s *Server) create(c echo.Context, p *odata.Path, guard odata.Expr) error {
	vals, err := s.readBody(c, p.Set)
	if err != nil {
		return err
	}
	w := &odata.Write{Kind: odata.WriteCreate, Set: p.Set, Values: writableValues(p.Set, vals, false), Guard: guard}
	key, err := s.store.Write(c.Request().Context(), w)
	s.audit(c, "create", p.Set, key, err)
	if err != nil {
		return err
	}
	loc := s.serviceRoot(c) + "/" + p.Set.Name + odata.KeyString(p.Set, key)
	h := c.Response().Header()
	h.Set("Location", loc)
	h.Set("OData-EntityId", loc)
	if preferReturn(c) == "minimal" {
		h.Set("Preference-Applied", "return=minimal")
		return c.NoContent(http.StatusNoContent)
	}
	return s.respondEntity(c, p.Set, key, http.StatusCreated)
}

func (s *Server) update(c echo.Context, p *odata.Path, replace bool, guard odata.Expr) error {
	vals, err := s.readBody(c, p.Set)
	if err != nil {
		return err
	}
	if err := checkKeyFields(p, vals); err != nil {
		return err
	}
	w := &odata.Write{Kind: odata.WriteUpdate, Set: p.Set, Key: p.Key, Values: writableValues(p.Set, vals, true), Replace: replace, Guard: guard}
	if err := s.ifMatch(c, p.Set, w); err != nil {
		return err
	}
	_, err = s.store.Write(c.Request().Context(), w)
	s.audit(c, "update", p.Set, p.Key, err)
	if err != nil {
		return err
	}
	if preferReturn(c) == "representation" {
		c.Response().Header().Set("Preference-Applied", "return=representation")
		return s.respondEntity(c, p.Set, p.Key, http.StatusOK)
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) remove(c echo.Context, p *odata.Path, guard odata.Expr) error {
	w := &odata.Write{Kind: odata.WriteDelete, Set: p.Set, Key: p.Key, Guard: guard}
	if err := s.ifMatch(c, p.Set, w); err != nil {
		return err
	}
	_, err := s.store.Write(c.Request().Context(), w)
	s.audit(c, "delete", p.Set, p.Key, err)
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// readBody reads and type-checks a JSON entity body.
func (s *Server) readBody(c echo.Context, set *schema.EntitySet) ([]odata.Assignment, error) {
	if ct := c.Request().Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "text/json") {
			return nil, odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "the request body must be application/json")
		}
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, err
	}
	return odata.ParseEntityBody(set, body)
}

// writableValues drops read-only properties (identity, generated and configured read-only
// columns): Salesforce sends every field on edit, so rejecting them would break edits. On
// update, key properties are dropped too (checkKeyFields verified they match the URL).
func writableValues(set *schema.EntitySet, vals []odata.Assignment, update bool) []odata.Assignment {
	out := vals[:0:0]
	for _, a := range vals {
		if a.Prop.ReadOnly || (update && set.IsKey(a.Prop)) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// checkKeyFields rejects a body whose key fields contradict the URL.
func checkKeyFields(p *odata.Path, vals []odata.Assignment) error {
	for _, a := range vals {
		for i, k := range p.Set.Key {
			if a.Prop == k && odata.LiteralString(a.Value) != odata.LiteralString(p.Key[i]) {
				return odata.BadRequest("KeyMismatch", "property %s in the body does not match the key in the URL", k.Name).WithTarget(k.Name)
			}
		}
	}
	return nil
}

// ifMatch passes the client's If-Match to the store when the set has a version column.
func (s *Server) ifMatch(c echo.Context, set *schema.EntitySet, w *odata.Write) error {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || set.ETag == nil || h == "*" {
		return nil
	}
	w.IfMatch = h
	return nil
}

// preferReturn is the client's return preference: "minimal", "representation" or "".
func preferReturn(c echo.Context) string {
	for _, h := range c.Request().Header.Values("Prefer") {
		for _, pref := range strings.Split(h, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(pref), "=")
			if strings.EqualFold(name, "return") {
				return strings.ToLower(strings.Trim(val, `"`))
			}
		}
	}
	return ""
}

// respondEntity reads the entity back (server-generated keys and defaults included).
func (s *Server) respondEntity(c echo.Context, set *schema.EntitySet, key []odata.Value, status int) error {
	f, err := jsonFormat(c, "")
	if err != nil {
		f = odata.JSONOptions{}
	}
	guard, err := s.rowFilter(c, set, auth.Read)
	if err != nil {
		return err
	}
	body, etag, err := s.readEntity(c, set, key, nil, f, guard)
	if err != nil {
		return err
	}
	if body == nil {
		return c.NoContent(status)
	}
	if etag != "" {
		c.Response().Header().Set("ETag", etag)
	}
	return c.Blob(status, contentTypeJSON(f), body)
}

// audit writes one structured line per write: who, what, which key, the outcome (the request
// id comes with the logger). Never values, never credentials.
func (s *Server) audit(c echo.Context, action string, set *schema.EntitySet, key []odata.Value, err error) {
	result, level, status := "ok", slog.LevelInfo, successStatus(c, action)
	if err != nil {
		result, level, status = "error", slog.LevelWarn, http.StatusInternalServerError
		if oe, ok := odata.AsError(err); ok {
			result, status = oe.Code, oe.Status
		}
	}
	keyText := ""
	if key != nil {
		keyText = odata.KeyString(set, key)
	}
	logger(c).Log(c.Request().Context(), level, "audit", "action", action, "entity_set", set.Name, "key", keyText,
		"result", result, "status", status, "principal", principalName(c))
}

// successStatus is the status a successful write answers with (see create, update, remove).
func successStatus(c echo.Context, action string) int {
	switch pref := preferReturn(c); {
	case action == "create" && pref == "minimal", action == "delete", action == "update" && pref != "representation":
		return http.StatusNoContent
	case action == "create":
		return http.StatusCreated
	}
	return http.StatusOK
}

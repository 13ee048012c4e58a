package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/odata"
)

// write handles POST/PATCH/PUT/MERGE/DELETE. Writes are not served yet (Salesforce Connect
// issue); read-only sets answer 405 as they always will.
func (s *Server) write(c echo.Context) error {
	p, err := s.path(c)
	if err != nil {
		return err
	}
	if p.Set == nil || p.Kind == odata.PathCount {
		return odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not allowed on this resource", c.Request().Method)
	}
	if !p.Set.Writable {
		c.Response().Header().Set("Allow", "GET, HEAD")
		return odata.Errorf(http.StatusMethodNotAllowed, "ReadOnly", "entity set %s is read-only", p.Set.Name)
	}
	return odata.NotImplemented("writes are not supported yet")
}

package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/odata"
)

// handleError is the one place errors become responses. Client errors (*odata.Error) are shown
// as they are; everything else is logged in full under the request id and answered with a
// generic message that carries only that id — never SQL, driver text or a stack.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	oe := s.classify(err, c)
	for k, vs := range oe.Header {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	body := errorBody(oe)
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(oe.Status)
		return
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/json; charset=utf-8")
	c.Response().WriteHeader(oe.Status)
	_, _ = c.Response().Write(body)
}

func (s *Server) classify(err error, c echo.Context) *odata.Error {
	log := logger(c)
	id := ""
	if ri := info(c); ri != nil {
		id = ri.id
	}
	if oe, ok := odata.AsError(err); ok {
		if oe.Status >= 500 {
			log.Error("request failed", "status", oe.Status, "err", err)
		} else {
			log.Debug("client error", "status", oe.Status, "err", err)
		}
		return oe
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return echoError(he)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return odata.Errorf(http.StatusRequestEntityTooLarge, "BodyTooLarge", "the request body exceeds %d bytes", mbe.Limit)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		log.Warn("request deadline exceeded", "err", err)
		return odata.Errorf(http.StatusGatewayTimeout, "Timeout", "the request took too long (request id %s)", id)
	}
	if errors.Is(err, context.Canceled) {
		return odata.Errorf(499, "Canceled", "the request was canceled")
	}
	log.Error("internal error", "err", err)
	return odata.Errorf(http.StatusInternalServerError, "InternalError", "internal error (request id %s)", id)
}

func echoError(he *echo.HTTPError) *odata.Error {
	switch he.Code {
	case http.StatusNotFound:
		return odata.NotFound("no resource at this path")
	case http.StatusMethodNotAllowed:
		return odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "this method is not allowed here")
	case http.StatusRequestEntityTooLarge:
		return odata.Errorf(he.Code, "BodyTooLarge", "the request body is too large")
	}
	return odata.Errorf(he.Code, http.StatusText(he.Code), "%s", http.StatusText(he.Code))
}

func errorBody(oe *odata.Error) []byte {
	b := []byte(`{"error":{"code":`)
	b = odata.AppendString(b, oe.Code)
	b = append(b, `,"message":`...)
	b = odata.AppendString(b, oe.Message)
	if oe.Target != "" {
		b = append(b, `,"target":`...)
		b = odata.AppendString(b, oe.Target)
	}
	return append(b, "}}"...)
}

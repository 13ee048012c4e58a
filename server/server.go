package server

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/metadata"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Store is what the server needs from the data side.
type Store interface {
	// Count returns the number of rows matching r's filter and search.
	Count(ctx context.Context, r *odata.Read) (int64, error)
	// Rows streams the rows of r to fn; the row slice is reused between calls.
	Rows(ctx context.Context, r *odata.Read, fn func(row []odata.Value) error) error
	// Write runs one create, update or delete as a transaction and returns the row's key.
	Write(ctx context.Context, w *odata.Write) ([]odata.Value, error)
}

// Server serves one model from one store.
type Server struct {
	cfg    config.Config
	model  *schema.Model
	store  Store
	log    *slog.Logger
	limits odata.Limits
	tokens *odata.SkipTokens
	docs   *documents
	urls   fixedURLs
	echo   *echo.Echo

	csrfTokens *csrfTokens

	sec    *auth.Security
	secErr error
}

// New builds the server and its routes. secret signs skiptokens (and CSRF tokens); nil means a
// random per-process secret, fine for one replica.
func New(cfg config.Config, model *schema.Model, store Store, log *slog.Logger, secret []byte, opts ...Option) *Server {
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
	}
	s := &Server{cfg: cfg, model: model, store: store, log: log, tokens: odata.NewSkipTokens(secret)}
	s.limits = odata.DefaultLimits
	s.limits.MaxTop = cfg.Limits.MaxTop
	s.limits.MaxFilterLength = cfg.Limits.MaxFilterLength
	s.limits.MaxNodes = cfg.Limits.MaxNodes
	s.limits.MaxDepth = cfg.Limits.MaxDepth
	s.docs = newDocuments(model, metadata.XML, metadata.JSON)
	s.urls = newFixedURLs(cfg, model)
	s.csrfTokens = &csrfTokens{key: secret, ttl: cfg.CSRF.TTL, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if s.sec == nil {
		s.defaultSecurity()
	}
	s.echo = s.routes()
	return s
}

// Handler is the root http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve listens on addr until ctx ends, then shuts down gracefully within grace. It serves
// HTTPS when the security has a TLS configuration (auth.tls), plain HTTP otherwise.
func (s *Server) Serve(ctx context.Context, addr string, ready func(addr string)) error {
	srv := &http.Server{Addr: addr, Handler: s.echo, ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		MaxHeaderBytes: max(s.cfg.Limits.MaxURLLength, 0) + 64<<10}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	if s.sec != nil && s.sec.TLS != nil {
		srv.TLSConfig = s.sec.TLS.Clone()
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.log.Info("shutting down")
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	return nil
}

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Pre(s.requestContext, s.odataVersion, s.urlGuard, tunnelMethod)
	e.Use(s.recoverPanics, s.authenticate, compressResponses(), s.bodyLimit, s.decompressRequests, s.csrf)
	root := s.cfg.ServicePath
	if root == "/" {
		root = ""
	}
	for _, path := range []string{root, root + "/", root + "/*"} {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, s.get)
		e.Match([]string{http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete, "MERGE"}, path, s.write)
	}
	return e
}

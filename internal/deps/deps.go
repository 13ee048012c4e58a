package deps
import (
 _ "github.com/labstack/echo/v4"
 _ "github.com/jmoiron/sqlx"
 _ "github.com/lib/pq"
 _ "github.com/go-sql-driver/mysql"
 _ "github.com/patrickmn/go-cache"
 _ "github.com/coreos/go-oidc/v3/oidc"
 _ "modernc.org/sqlite"
 _ "gopkg.in/yaml.v3"
 _ "golang.org/x/sync/errgroup"
 _ "golang.org/x/crypto/bcrypt"
 _ "golang.org/x/crypto/argon2"
 _ "golang.org/x/time/rate"
)

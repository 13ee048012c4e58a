package sources_test

import (
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/mysql"
	"github.com/sfconnect/sfconnect/sources/postgres"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// testDialects are the dialects the golden translator tests run: each has its own golden
// files testdata/translate/<Name()>_*.golden. A new dialect adds itself here and runs
// go test ./sources -run Golden -update once.
var testDialects = []sources.Dialect{
	sqlite.Dialect{},
	postgres.Dialect{},
	mysql.Dialect{},
}

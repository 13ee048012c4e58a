package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Sizes of the demo.
const (
	numCustomers = 5000
	numProducts  = 300
	numOrders    = 40000
)

// generated keeps what later tables need of earlier ones.
type generated struct {
	customers []customer // index = customer_id - 1
	products  []product  // index = product_id - 1
}

type customer struct{ loc *locale }

var (
	customersFrom = day(2015, time.January, 1)
	customersTo   = day(2023, time.January, 1)
)

func insertCustomers(ctx context.Context, tx *sql.Tx, g *generated) error {
	t := newTable(ctx, tx, "Customers", "customer_id", "name", "email", "country", "city", "phone",
		"credit_limit", "is_active", "created_at")
	r := newRNG(1)
	weights := make([]int, len(locales))
	for i, l := range locales {
		weights[i] = l.weight
	}
	step := customersTo.Sub(customersFrom) / numCustomers
	for id := 1; id <= numCustomers; id++ {
		loc := &locales[r.weighted(weights...)]
		company := r.percent(30)
		name, email := customerName(r, loc, company, id)
		var phone any
		if !r.percent(12) {
			phone = phoneNumber(r, loc)
		}
		// Customers sign up one after the other: ids follow creation time.
		from := customersFrom.Add(step * time.Duration(id-1))
		created := r.instant(from, from.Add(step))
		t.add(id, name, email, loc.country, pick(r, loc.cities), phone, creditLimit(r, company).value(),
			boolInt(!r.percent(8)), timestampText(created))
		g.customers = append(g.customers, customer{loc: loc})
	}
	return t.flush()
}

// customerName returns a person's or a company's name and an e-mail address derived from it.
// A few names are written in capitals or in lower case, as data entry leaves them.
func customerName(r *rng, loc *locale, company bool, id int) (name, email string) {
	if company {
		stem, trade := pick(r, companyStems), pick(r, companyTrades)
		name = stem + " " + trade + " " + pick(r, loc.forms)
		email = pick(r, mailboxes) + "@" + ascii(stem+" "+trade, "-") + ".example.com"
	} else {
		first, last := pick(r, loc.first), pick(r, loc.last)
		name = first + " " + last
		if loc.familyFirst {
			name = last + " " + first
		}
		local := ascii(first, "") + "." + ascii(last, "")
		if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") {
			local = fmt.Sprintf("customer%d", id)
		}
		email = local + "@example." + pick(r, []string{"com", "org", "net"})
	}
	switch r.intn(100) {
	case 0, 1:
		name = strings.ToUpper(name)
	case 2:
		name = strings.ToLower(name)
	}
	return name, email
}

func phoneNumber(r *rng, loc *locale) string {
	return fmt.Sprintf("%s %d %03d %04d", loc.dial, r.between(2, 99), r.intn(1000), r.intn(10000))
}

func creditLimit(r *rng, company bool) cents {
	limits := []cents{0, 50000, 100000, 150000, 250000, 500000}
	if company {
		limits = []cents{500000, 1000000, 2500000, 5000000, 10000000, 25000000}
	}
	c := pick(r, limits)
	if r.percent(5) {
		c += cents(r.intn(100000)) // a limit negotiated to the cent
	}
	return c
}

// transliterations used to derive ASCII e-mail addresses; other non-ASCII letters are dropped.
var transliterations = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "ae", 'å': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ę': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ł': "l", 'ñ': "n", 'ń': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "oe", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "ue", 'ß': "ss", 'ś': "s", 'ź': "z", 'ż': "z",
}

// ascii lower-cases s into [a-z0-9], replacing runs of spaces, hyphens and ampersands by sep.
func ascii(s, sep string) string {
	var b strings.Builder
	pending := false
	for _, c := range strings.ToLower(s) {
		piece := transliterations[c]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			piece = string(c)
		case c == ' ' || c == '-' || c == '&':
			pending = true
			continue
		case piece == "":
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteString(sep)
		}
		pending = false
		b.WriteString(piece)
	}
	return b.String()
}

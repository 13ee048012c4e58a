package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
)

// deepNextLink builds Q5n: the page at depth deepSkip reached through the server's own
// nextLink. Walking 900,000 rows by 26 would take most of the bench, so the token comes from
// the server itself: the nextLink of a $skip page that ends exactly at the depth (a token
// carries only the last row's order keys, so it is the very token a walk would reach). The
// page it yields must hold the same ids as Q5's $skip=900000 page; the check says so.
func deepNextLink(ctx context.Context, hc *httpClient, base string, queries []*query) (*query, string, error) {
	var q5, q5f *query
	for _, q := range queries {
		switch q.ID {
		case "Q5":
			q5 = q
		case "Q5f":
			q5f = q
		}
	}
	var buf bytes.Buffer
	get := func(u string, maxPage int) (*odataResponse, error) {
		body, err := hc.get(ctx, u, maxPage, &buf)
		if err != nil {
			return nil, err
		}
		return decodeResponse(body)
	}
	skipPage, err := get(base+"/orders?"+q5.Options(0), 0)
	if err != nil {
		return nil, "", fmt.Errorf("Q5 bootstrap: %w", err)
	}
	want := ids(skipPage)
	before, err := get(base+"/orders?"+q5f.Options(0)+"&$skip="+strconv.Itoa(deepSkip-q5f.MaxPage), q5f.MaxPage)
	if err != nil {
		return nil, "", fmt.Errorf("Q5n bootstrap: %w", err)
	}
	if before.NextLink == "" || len(before.Value) != q5f.MaxPage {
		return nil, "", fmt.Errorf("Q5n bootstrap: the page before the depth has %d rows and nextLink %q", len(before.Value), before.NextLink)
	}
	link := before.NextLink
	deepPage, err := get(link, q5f.MaxPage)
	if err != nil {
		return nil, "", fmt.Errorf("Q5n bootstrap: following the nextLink: %w", err)
	}
	got := ids(deepPage)
	check := fmt.Sprintf("the nextLink page at depth %d returns the same %d ids as $skip=%d (first %s, last %s)",
		deepSkip, len(got), deepSkip, first(got), last(got))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		check = fmt.Sprintf("MISMATCH: the nextLink page at depth %d returns ids %v, $skip=%d returns %v", deepSkip, got, deepSkip, want)
	}
	deep := &query{ID: "Q5n", Title: "the page at depth 900000 through the server's nextLink (keyset), Prefer: odata.maxpagesize=26",
		Set: "orders", MaxPage: q5f.MaxPage, URL: link, Variants: 1, Options: q5f.Options,
		Check: func(_ int, r *odataResponse) error {
			if fmt.Sprint(ids(r)) != fmt.Sprint(want) {
				return fmt.Errorf("nextLink page ids %v, want %v", ids(r), want)
			}
			return nil
		},
		afterRow: before.Value[len(before.Value)-1]}
	return deep, check, nil
}

// planDeep plans the keyset read after the row the token names.
func (q *query) planDeep(pl *planner) (*dbRequest, error) {
	_, page, err := pl.plan(q, 0, nil)
	if err != nil {
		return nil, err
	}
	after, err := afterRow(page, q.afterRow)
	if err != nil {
		return nil, fmt.Errorf("Q5n: %w", err)
	}
	r, _, err := pl.plan(q, 0, after)
	return r, err
}

func ids(r *odataResponse) []string {
	out := make([]string, len(r.Value))
	for i, row := range r.Value {
		out[i] = fmt.Sprint(row["id"])
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return s[len(s)-1]
}

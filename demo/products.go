package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

type product struct {
	price    cents
	grams    int // 0: unknown or not a physical good
	physical bool
}

func insertProducts(ctx context.Context, tx *sql.Tx, g *generated) error {
	t := newTable(ctx, tx, "Products", "product_id", "sku", "name", "description", "unit_price",
		"weight_kg", "in_stock", "stock_qty", "launched_on", "product_uuid", "thumbnail", "updated_at")
	r := newRNG(2)
	for id := 1; id <= numProducts; id++ {
		cat := &categories[r.intn(len(categories))]
		noun, variant := pick(r, cat.nouns), pick(r, variants)
		sku, name := fmt.Sprintf("%s-%04d", cat.code, id), noun+" "+variant
		var thumbnail any
		if cat.withColour {
			c := pick(r, colours)
			sku, name = sku+"-"+c.code, name+" ("+c.name+")"
			if !r.percent(30) {
				thumbnail = swatch(c.rgb)
			}
		}
		p := product{price: price(r, cat), physical: cat.maxGrams > 0}
		var weight any
		if cat.maxGrams > 0 && !r.percent(5) {
			p.grams = r.between(cat.minGrams, cat.maxGrams)
			weight = float64(p.grams) / 1000
		}
		stock, inStock := stockLevel(r, cat)
		var launched any
		launchedOn := day(2018, time.January, 1).AddDate(0, 0, r.intn(2860))
		if !r.percent(8) {
			launched = dateText(launchedOn)
		}
		updated := r.instant(later(launchedOn, day(2023, time.January, 1)), day(2025, time.December, 31))
		t.add(id, sku, name, description(r, noun, variant), p.price.value(), weight, boolInt(inStock), stock,
			launched, r.uuid(), thumbnail, timestampText(updated))
		g.products = append(g.products, p)
	}
	return t.flush()
}

// price is skewed towards the cheap end of the category and ends in .99 or .49 as shop
// prices do.
func price(r *rng, cat *category) cents {
	c := cat.minPrice + cents(r.low(int(cat.maxPrice-cat.minPrice)))
	c = c/100*100 + pick(r, []cents{99, 99, 49})
	return max(c, cat.minPrice)
}

// stockLevel: digital goods are always "in stock" with no quantity; physical ones are sold
// out now and then.
func stockLevel(r *rng, cat *category) (qty int, inStock bool) {
	if cat.maxGrams == 0 {
		return 0, true
	}
	if r.percent(10) {
		return 0, false
	}
	return 1 + r.low(2500), true
}

// description is missing, a short line, or a long text over 255 characters (a Long Text
// Area in Salesforce).
func description(r *rng, noun, variant string) any {
	switch r.weighted(15, 50, 35) {
	case 0:
		return nil
	case 1:
		return fmt.Sprintf("%s %s, %s.", noun, variant, pick(r, taglines))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s %s is %s.", noun, variant, pick(r, taglines))
	order := r.perm(len(sentences))
	for i := 0; i < len(order) && (b.Len() <= 300 || r.percent(60)); i++ {
		b.WriteString(" ")
		b.WriteString(sentences[order[i]])
	}
	return b.String()
}

// swatch is a 1×1 GIF of the product's colour: a real, tiny image for the Binary column.
func swatch(rgb [3]byte) []byte {
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00")
	gif = append(gif, rgb[0], rgb[1], rgb[2], 0, 0, 0)
	gif = append(gif, ",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;"...)
	return gif
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

package demo

import (
	"fmt"
	"time"
)

// shipment returns the Shipments values after (shipment_id, order_id) for an order that has
// left or is about to leave the warehouse, or nil; it moves the order's updated_at to its last
// event. An order being prepared may have no carrier yet; nothing is tracked before it ships.
// Orders of digital goods only are delivered by e-mail, without a shipment.
func shipment(r *rng, g *generated, o *order) []any {
	if o.status == pending || o.status == cancelled || !physical(g, o) {
		return nil
	}
	loc := g.customers[o.customer-1].loc
	var carrier, tracking, shippedAt, deliveredOn, weight any
	if kg, ok := orderWeight(g, o); ok && (o.status != processing || r.percent(50)) {
		weight = kg
	}
	name := pick(r, loc.carriers)
	if o.status != processing || r.percent(50) {
		carrier = name
	}
	if o.status == processing {
		return []any{carrier, tracking, shippedAt, deliveredOn, weight}
	}
	tracking = trackingNumber(r, name, loc.country)
	shipped := o.placed.Add(time.Duration(r.between(4*60, 3*24*60)) * time.Minute)
	shippedAt, o.updated = timestampText(shipped), shipped
	if o.status == delivered || o.status == returned {
		d := shipped.AddDate(0, 0, r.between(1, 6))
		if !d.Before(ordersTo) {
			d = ordersTo.AddDate(0, 0, -1)
		}
		deliveredOn = dateText(d)
		o.updated = day(d.Year(), d.Month(), d.Day()).Add(time.Duration(r.between(8*3600, 19*3600)) * time.Second)
		if o.status == returned {
			o.updated = o.updated.AddDate(0, 0, r.between(3, 20))
		}
	}
	return []any{carrier, tracking, shippedAt, deliveredOn, weight}
}

func physical(g *generated, o *order) bool {
	for _, l := range o.lines {
		if g.products[l.product-1].physical {
			return true
		}
	}
	return false
}

// orderWeight is the shipped weight in kg, unknown when a product's weight is; digital goods
// weigh nothing.
func orderWeight(g *generated, o *order) (float64, bool) {
	grams := 0
	for _, l := range o.lines {
		p := g.products[l.product-1]
		if p.grams == 0 && p.physical {
			return 0, false
		}
		grams += p.grams * l.quantity
	}
	return float64(grams) / 1000, true
}

// trackingNumber imitates the carrier's format.
func trackingNumber(r *rng, carrier, country string) string {
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.intn(10))
		}
		return string(b)
	}
	switch carrier {
	case "UPS":
		return "1Z" + fmt.Sprintf("%06X", r.intn(1<<24)) + digits(10)
	case "FedEx":
		return digits(12)
	case "DHL":
		return "JJD" + digits(18)
	default:
		return fmt.Sprintf("%c%c%s%s", 'A'+r.intn(26), 'A'+r.intn(26), digits(9), country)
	}
}

package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

var (
	ordersFrom = day(2023, time.January, 1)
	ordersTo   = day(2026, time.January, 1) // exclusive; the demo's "today" is 2025-12-31
	orderDays  = int(ordersTo.Sub(ordersFrom) / (24 * time.Hour))
)

// Order statuses, in lifecycle order.
const (
	pending    = "pending"
	processing = "processing"
	shipped    = "shipped"
	delivered  = "delivered"
	cancelled  = "cancelled"
	returned   = "returned"
)

// firstStatuses are the statuses of the first orders, so the first rows of Orders, Shipments
// and Invoices show every state and their nulls (the read scenarios page through them).
var firstStatuses = []string{processing, shipped, delivered, processing, returned, pending, cancelled, delivered}

type order struct {
	id, customer int
	status       string
	placed       time.Time
	lines        []line
	total        cents
	updated      time.Time
}

type line struct {
	product, quantity int
	price             cents
	discount          int // hundredths of a percent; 0 = none (NULL)
}

// writers buffer the order-related tables, flushed parents first.
type writers struct{ orders, lines, shipments, invoices *table }

func (w writers) flush() error {
	for _, t := range []*table{w.orders, w.lines, w.shipments, w.invoices} {
		if err := t.flush(); err != nil {
			return err
		}
	}
	return nil
}

func insertOrders(ctx context.Context, tx *sql.Tx, g *generated) error {
	w := writers{
		orders: newTable(ctx, tx, "Orders", "order_id", "order_number", "customer_id", "status", "order_date",
			"total_amount", "currency", "notes", "updated_at"),
		lines: newTable(ctx, tx, "OrderLines", "order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct"),
		shipments: newTable(ctx, tx, "Shipments", "shipment_id", "order_id", "carrier", "tracking_number", "shipped_at",
			"delivered_on", "weight_kg"),
		invoices: newTable(ctx, tx, "Invoices", "invoice_id", "order_id", "account_sf_id", "amount", "due_date", "paid"),
	}
	r := newRNG(3)
	shipments, invoices := 0, 0
	for id := 1; id <= numOrders; id++ {
		o := newOrder(r, g, id)
		ship := shipment(r, g, &o)
		writeOrder(r, w, g, &o)
		if ship != nil {
			shipments++
			w.shipments.add(append([]any{shipments, o.id}, ship...)...)
		}
		if o.status != pending && o.status != cancelled {
			invoices++
			writeInvoice(r, w, &o, invoices)
		}
		if id%batchRows == 0 {
			if err := w.flush(); err != nil {
				return err
			}
		}
	}
	return w.flush()
}

// newOrder draws the order's customer, date, status and lines. Order ids follow the order
// date, about 36 orders a day over 2023–2025.
func newOrder(r *rng, g *generated, id int) order {
	o := order{id: id, customer: orderCustomer(r, id)}
	date := ordersFrom.AddDate(0, 0, (id-1)*orderDays/numOrders)
	o.placed = r.instant(date.Add(7*time.Hour), date.Add(22*time.Hour))
	o.status = orderStatus(r, id, date)
	o.lines = orderLines(r, g)
	for _, l := range o.lines {
		o.total += l.amount()
	}
	o.updated = o.placed.Add(time.Duration(r.between(1, 90)) * time.Minute)
	return o
}

// orderCustomer: a hundred key accounts place a quarter of the orders; customer 42 (the
// Salesforce scenarios' account) orders regularly.
func orderCustomer(r *rng, id int) int {
	switch {
	case id%5000 == 4200:
		return 42
	case r.percent(25):
		return 7 + 50*r.intn(numCustomers/50)
	default:
		return 1 + r.intn(numCustomers)
	}
}

// orderStatus depends on the order's age on 2025-12-31: recent orders are still open.
func orderStatus(r *rng, id int, date time.Time) string {
	if id <= len(firstStatuses) {
		return firstStatuses[id-1]
	}
	age := int(ordersTo.Sub(date)/(24*time.Hour)) - 1
	switch {
	case age < 3:
		return []string{pending, processing}[r.intn(2)]
	case age < 10:
		return []string{processing, shipped, cancelled}[r.weighted(20, 70, 10)]
	case age < 20:
		return []string{shipped, delivered, cancelled}[r.weighted(30, 65, 5)]
	default:
		return []string{delivered, cancelled, returned}[r.weighted(92, 4, 4)]
	}
}

func orderLines(r *rng, g *generated) []line {
	n := 1 + r.weighted(40, 25, 15, 10, 6, 2, 1, 1)
	lines := make([]line, 0, n)
	used := map[int]bool{}
	for len(lines) < n {
		pid := 1 + r.intn(len(g.products))
		if used[pid] {
			continue
		}
		used[pid] = true
		l := line{product: pid, price: g.products[pid-1].price}
		l.quantity = []int{1, r.between(2, 3), r.between(4, 10), r.between(11, 50)}[r.weighted(55, 30, 12, 3)]
		if r.percent(25) {
			l.discount = pick(r, []int{250, 500, 1000, 1500, 2000})
		}
		lines = append(lines, l)
	}
	return lines
}

// amount is the line's net amount, rounded half up to the cent.
func (l line) amount() cents {
	gross := int64(l.price) * int64(l.quantity) * int64(10000-l.discount)
	return cents((gross + 5000) / 10000)
}

func writeOrder(r *rng, w writers, g *generated, o *order) {
	var notes any
	if r.percent(15) {
		notes = pick(r, orderNotes)
	}
	loc := g.customers[o.customer-1].loc
	w.orders.add(o.id, fmt.Sprintf("ORD-%07d", o.id), o.customer, o.status, dateText(o.placed), o.total.value(),
		loc.currency, notes, timestampText(o.updated))
	for i, l := range o.lines {
		var discount any
		if l.discount > 0 {
			discount = float64(l.discount) / 100
		}
		w.lines.add(o.id, i+1, l.product, l.quantity, l.price.value(), discount)
	}
}

func writeInvoice(r *rng, w writers, o *order, n int) {
	due := day(o.placed.Year(), o.placed.Month(), o.placed.Day()).AddDate(0, 0, 30)
	paid := r.percent(40)
	if due.Before(ordersTo) {
		paid = r.percent(93)
	}
	w.invoices.add(fmt.Sprintf("INV-%06d", n), o.id, salesforceAccountID(o.customer), o.total.value(),
		dateText(due), boolInt(paid))
}

// salesforceAccountID is the 18-character id of the Salesforce Account mirroring a customer,
// the value a related list filters Invoices on.
func salesforceAccountID(customerID int) string { return fmt.Sprintf("001%012dAAA", customerID) }

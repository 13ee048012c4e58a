# syntax=docker/dockerfile:1
# Build: docker build -t sfconnect .
# Run:   docker run -p 8080:8080 sfconnect serve --listen :8080            (embedded demo)
#        docker run -p 8080:8080 -e SFCONNECT_DB=postgres://… sfconnect serve
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/sfconnect ./cmd/sfconnect

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/sfconnect /usr/local/bin/sfconnect
# The demo database goes to the (writable) cache directory of the nonroot user.
ENV XDG_CACHE_HOME=/tmp
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/sfconnect"]
CMD ["serve"]

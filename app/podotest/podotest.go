// Package podotest is what the service's tests, the load tool and the alerts'
// end-to-end test share to drive a real Podo: free loopback addresses, a
// private redis-server they may stop and start, polling until something is
// true, and requests to the API. The service itself never imports it.
package podotest

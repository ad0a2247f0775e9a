package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code POST /faults} with the {@code faults} profile, as the README's quick start runs it: it works from loopback
 * with curl-style requests, refuses what a browser page or another host could send, and rejects values out of range.
 * The server reads {@code X-Forwarded-For} from a local proxy ({@code server.forward-headers-strategy=native}), so a
 * request can come from another address over real HTTP on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.main.banner-mode=off", "server.forward-headers-strategy=native"})
@ActiveProfiles("faults")
class FaultsEndpointIT {

  @LocalServerPort
  int port;

  @AfterEach
  void reset() throws Exception {
    assertThat(Http.post(port, "/faults").statusCode()).isEqualTo(200);
  }

  private String faults() throws Exception {
    return Http.post(port, "/faults?errorRate=0").body();
  }

  @Test
  void worksFromLoopback() throws Exception {
    HttpResponse<String> r = Http.post(port, "/faults?errorRate=0.25&latencyMs=10000&outage=false");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JsonPath.<Double>read(r.body(), "$.errorRate")).isEqualTo(0.25);
    assertThat(JsonPath.<Integer>read(r.body(), "$.latencyMs")).isEqualTo(10_000);

    r = Http.post(port, "/faults?outage=true");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.get(port, "/quote").statusCode()).as("the pricing service is down").isEqualTo(503);
  }

  @Test
  void valuesOutOfRangeAre400NamingTheParameterTheValueAndTheRange() throws Exception {
    String[][] cases = {
        {"errorRate=NaN", "errorRate=NaN", "from 0 to 1"},
        {"errorRate=Infinity", "errorRate=Infinity", "from 0 to 1"},
        {"errorRate=-Infinity", "errorRate=-Infinity", "from 0 to 1"},
        {"errorRate=1.5", "errorRate=1.5", "from 0 to 1"},
        {"errorRate=-0.1", "errorRate=-0.1", "from 0 to 1"},
        {"errorRate=lots", "errorRate=lots", "from 0 to 1"},
        {"latencyMs=600000", "latencyMs=600000", "from 0 to 10000 milliseconds"},
        {"latencyMs=10001", "latencyMs=10001", "from 0 to 10000 milliseconds"},
        {"latencyMs=-1", "latencyMs=-1", "from 0 to 10000 milliseconds"},
        {"latencyMs=1e9", "latencyMs=1e9", "from 0 to 10000"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = Http.post(port, "/faults?outage=true&" + c[0]);
      assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
      assertThat(JsonPath.<String>read(r.body(), "$.error")).as(c[0]).contains(c[1]).contains(c[2]);
    }
    assertThat(JsonPath.<Boolean>read(faults(), "$.outage")).as("nothing changed").isFalse();
  }

  @Test
  void aCrossSiteFormPostIsRefused() throws Exception {
    // What <form method=post action="http://localhost:8080/faults"> on another site sends.
    HttpResponse<String> r = Http.send(Http.request(port, "/faults")
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("outage=true")).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(JsonPath.<String>read(r.body(), "$.error")).contains("Origin: https://evil.example");

    // Any Origin, even the service's own (a page after DNS rebinding, fetch in no-cors mode).
    r = Http.send(Http.request(port, "/faults?outage=true").header("Origin", "http://127.0.0.1:" + port)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);

    // A form body without Origin (old browsers), and text/plain, multipart.
    for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain;charset=UTF-8",
        "multipart/form-data; boundary=x"}) {
      r = Http.send(Http.request(port, "/faults?outage=true").header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("outage=true")).build());
      assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(403);
      assertThat(JsonPath.<String>read(r.body(), "$.error")).contains("form body");
    }
    assertThat(JsonPath.<Boolean>read(faults(), "$.outage")).as("nothing changed").isFalse();
  }

  @Test
  void aRequestFromAnotherHostIsRefused() throws Exception {
    // Through a proxy on this host: the server takes the client's address from X-Forwarded-For.
    HttpResponse<String> r = Http.send(Http.request(port, "/faults?outage=true")
        .header("X-Forwarded-For", "203.0.113.9").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(JsonPath.<String>read(r.body(), "$.error")).contains("203.0.113.9");
    assertThat(JsonPath.<Boolean>read(faults(), "$.outage")).as("nothing changed").isFalse();
  }

  @Test
  void onlyDirectLoopbackRequestsPass() {
    assertThat(FaultsController.refusal(from("127.0.0.1"))).isNull();
    assertThat(FaultsController.refusal(from("127.0.1.1"))).isNull();
    assertThat(FaultsController.refusal(from("0:0:0:0:0:0:0:1"))).isNull();
    assertThat(FaultsController.refusal(from("::1"))).isNull();
    for (String other : new String[] {"10.0.0.5", "192.168.1.20", "203.0.113.9", "::ffff:10.0.0.5", "fe80::1",
        "localhost", "", "unknown"}) {
      assertThat(FaultsController.refusal(from(other))).as(other).contains("only loopback");
    }
    // Behind a reverse proxy on the same host that does not rewrite the address, every client looks local.
    MockHttpServletRequest proxied = from("127.0.0.1");
    proxied.addHeader("X-Forwarded-For", "203.0.113.9");
    assertThat(FaultsController.refusal(proxied)).contains("through a proxy");
    MockHttpServletRequest forwarded = from("127.0.0.1");
    forwarded.addHeader("Forwarded", "for=203.0.113.9");
    assertThat(FaultsController.refusal(forwarded)).contains("through a proxy");
  }

  private static MockHttpServletRequest from(String address) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/faults");
    request.setRemoteAddr(address);
    return request;
  }
}

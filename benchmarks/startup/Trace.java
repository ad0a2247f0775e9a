// Spring's own startup steps of the example service (BufferingApplicationStartup), longest first, and every step
// that names slo4j. Compiled and run by trace.sh against the exploded example jar; not part of the Maven build.
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import java.util.*;

public class Trace {
  public static void main(String[] args) throws Exception {
    Class<?> app = Class.forName("dev.slo4j.examples.checkout.CheckoutApplication");
    SpringApplication sa = new SpringApplication(app);
    BufferingApplicationStartup startup = new BufferingApplicationStartup(100000);
    sa.setApplicationStartup(startup);
    var ctx = sa.run(args);
    StartupTimeline tl = startup.getBufferedTimeline();
    List<StartupTimeline.TimelineEvent> ev = new ArrayList<>(tl.getEvents());
    Map<String, Long> byBean = new TreeMap<>();
    long slo = 0;
    for (var e : ev) {
      String name = e.getStartupStep().getName();
      String tags = "";
      for (var t : e.getStartupStep().getTags()) tags += t.getKey() + "=" + t.getValue() + " ";
      long ms = e.getDuration().toMillis();
      if (tags.contains("slo4j") || tags.toLowerCase().contains("slo")) { System.out.println("SLO " + ms + "ms " + name + " " + tags); }
    }
    ev.sort((a, b) -> b.getDuration().compareTo(a.getDuration()));
    for (int i = 0; i < 25 && i < ev.size(); i++) {
      var e = ev.get(i);
      String tags = "";
      for (var t : e.getStartupStep().getTags()) tags += t.getKey() + "=" + t.getValue() + " ";
      System.out.println("TOP " + e.getDuration().toMillis() + "ms " + e.getStartupStep().getName() + " " + tags);
    }
    ctx.close();
  }
}

// Feature modules register themselves with the server here (imported for their side effects).
import './realtime/realtime.plugin';
import './scheduling/scheduling.plugin';
// After scheduling: it uses the scheduling clock.
import './integrations/integrations.plugin';

// Feature modules register themselves with the server here (imported for their side effects).
import './realtime/realtime.plugin';
import './scheduling/scheduling.plugin';

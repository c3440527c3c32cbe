// Feature modules register themselves with the server here (import for side effects).
export {};
import './realtime/realtime.plugin';
import './scheduling/scheduling.plugin';

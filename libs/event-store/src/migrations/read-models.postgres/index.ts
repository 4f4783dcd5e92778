// Written by `npm run migration:generate`: the migrations of this folder, oldest first.
import type { MigrationClass } from '../schema-of';
import { Initial1796191078780 } from './1796191078780-Initial';
import { AnalysisProfile1796194134082 } from './1796194134082-AnalysisProfile';
import { AnalysisCaseRisk1796195712054 } from './1796195712054-AnalysisCaseRisk';
import { TrainingCoverage1796195771706 } from './1796195771706-TrainingCoverage';
import { AnalysisCaseMissing1796195881212 } from './1796195881212-AnalysisCaseMissing';
import { AnalysisIntelTimes1796196076182 } from './1796196076182-AnalysisIntelTimes';
import { AnalysisShareTimes1796196331542 } from './1796196331542-AnalysisShareTimes';
import { AnalysisActionDue1796196444460 } from './1796196444460-AnalysisActionDue';
import { ProfileSegmentsAndPlaces1796202708521 } from './1796202708521-ProfileSegmentsAndPlaces';
import { RegionalPicture1796202723932 } from './1796202723932-RegionalPicture';
import { BoardReports1796203726756 } from './1796203726756-BoardReports';
import { ConsoleSessions1796213470989 } from './1796213470989-ConsoleSessions';
import { CaseViewLz41796241747745 } from './1796241747745-CaseViewLz4';

export const READ_MODEL_POSTGRES_MIGRATIONS: readonly MigrationClass[] = [Initial1796191078780, AnalysisProfile1796194134082, AnalysisCaseRisk1796195712054, TrainingCoverage1796195771706, AnalysisCaseMissing1796195881212, AnalysisIntelTimes1796196076182, AnalysisShareTimes1796196331542, AnalysisActionDue1796196444460, ProfileSegmentsAndPlaces1796202708521, RegionalPicture1796202723932, BoardReports1796203726756, ConsoleSessions1796213470989, CaseViewLz41796241747745];

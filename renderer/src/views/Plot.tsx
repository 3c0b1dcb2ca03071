import { PLOT_HEIGHT, PLOT_WIDTH, type PlotData, plotPoints } from '../logic/plot.ts';

/**
 * A small line plot: its lines on one scale, the top of the scale, and its ends under it. The
 * picture is one image with its summary as its name, so a screen reader gets the sentence.
 */
export function Plot({ title, data }: { title: string; data: PlotData }) {
  return (
    <figure className="plot" title={data.summary}>
      <figcaption>
        {title}
        <span className="meta">
          {data.series.length > 1 &&
            data.series.map((line) => (
              <span key={line.name} className={`legend ${line.tone}`}>
                {line.name}
              </span>
            ))}{' '}
          up to {data.maxLabel}
        </span>
      </figcaption>
      <svg
        role="img"
        aria-label={data.summary}
        viewBox={`0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}`}
        preserveAspectRatio="none"
      >
        {data.series.map((line) => (
          <polyline
            key={line.name}
            className={line.tone}
            points={plotPoints(line.values, data.max)}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <div className="plot-ends meta" aria-hidden="true">
        <span>{data.from}</span>
        <span>{data.to}</span>
      </div>
    </figure>
  );
}

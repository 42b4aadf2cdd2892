(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_h"]={"hit":[0],"honda":[0],"honor":[0],"hour":[0],"hours":[0],"hpd":[0],"huge":[0],"hybrid":[0]};
